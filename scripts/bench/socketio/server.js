// Benchmark peer (not part of the platform): the seed plan's Socket.IO 4 doing what the platform's room
// does at its core, with nothing else: viewers join one room, each chat message from the publisher is
// broadcast to the room as {type, seq, text}. WebSocket transport only, no compression (as the bridge).
// node server.js <port>; loopback only.
'use strict';
const { createServer } = require('node:http');
const { Server } = require('socket.io');

const port = Number(process.argv[2] || 8091);
const http = createServer();
const io = new Server(http, { transports: ['websocket'], perMessageDeflate: false, serveClient: false });
let seq = 0;

io.on('connection', (socket) => {
  if (socket.handshake.query.role === 'viewer') {
    socket.join('room');
  }
  socket.on('chat', (body) => {
    io.to('room').emit('chat', { type: 'MESSAGE', seq: ++seq, text: String(body && body.text) });
  });
});
http.listen(port, '127.0.0.1', () => console.log(`socket.io ${require('socket.io/package.json').version} on ${port}`));
