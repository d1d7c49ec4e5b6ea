import type { Bridge } from '@/lib/bridge';

/** What POST /streams/{id}/join returns under `rtc`. */
export interface RtcCredentials {
  provider: 'webrtc' | 'agora';
  // webrtc
  iceServers?: RTCIceServer[];
  publisherId?: string;
  signal?: string;
  inbox?: string;
  maxViewers?: number;
  // agora
  appId?: string;
  channel?: string;
  uid?: string;
  token?: string;
}

export interface VideoSession {
  stop(): void;
}

type Signal =
  { kind: 'hello' } | { kind: 'offer' | 'answer'; sdp: string } | { kind: 'ice'; candidate: RTCIceCandidateInit } | { kind: 'bye' };

/**
 * Browser-to-browser WebRTC: each viewer says hello to the creator over the bridge; the creator's
 * browser answers with an offer carrying its camera; ICE candidates follow the same way. One peer
 * connection per viewer, so it suits small rooms (rtc.maxViewers).
 */
export function publishWebRtc(
  bridge: Bridge,
  streamId: string,
  rtc: RtcCredentials,
  media: MediaStream,
  onViewers: (count: number) => void,
): VideoSession {
  const peers = new Map<string, RTCPeerConnection>();
  const send = (to: string, signal: Signal) => bridge.send(rtc.signal!, { streamId, to, signal }).catch(() => undefined);
  const drop = (viewer: string) => {
    peers.get(viewer)?.close();
    peers.delete(viewer);
    onViewers(peers.size);
  };
  const unsubscribe = bridge.subscribe({
    address: rtc.inbox!,
    lastSeq: -1,
    onRemoved: () => undefined,
    async onMessage(message) {
      const from = message.from as string;
      const signal = message.signal as Signal;
      if (signal.kind === 'hello') {
        drop(from);
        if (rtc.maxViewers && peers.size >= rtc.maxViewers) return;
        const pc = new RTCPeerConnection({ iceServers: rtc.iceServers ?? [] });
        peers.set(from, pc);
        onViewers(peers.size);
        media.getTracks().forEach((track) => pc.addTrack(track, media));
        pc.onicecandidate = (e) => e.candidate && send(from, { kind: 'ice', candidate: e.candidate.toJSON() });
        pc.onconnectionstatechange = () => ['failed', 'closed'].includes(pc.connectionState) && drop(from);
        await pc.setLocalDescription(await pc.createOffer());
        send(from, { kind: 'offer', sdp: pc.localDescription!.sdp });
      } else if (signal.kind === 'answer') {
        await peers.get(from)?.setRemoteDescription({ type: 'answer', sdp: signal.sdp });
      } else if (signal.kind === 'ice') {
        await peers
          .get(from)
          ?.addIceCandidate(signal.candidate)
          .catch(() => undefined);
      } else if (signal.kind === 'bye') {
        drop(from);
      }
    },
  });
  return {
    stop() {
      unsubscribe();
      peers.forEach((_, viewer) => drop(viewer));
    },
  };
}

export function watchWebRtc(bridge: Bridge, streamId: string, rtc: RtcCredentials, video: HTMLVideoElement): VideoSession {
  let pc: RTCPeerConnection | null = null;
  const to = rtc.publisherId!;
  const send = (signal: Signal) => bridge.send(rtc.signal!, { streamId, to, signal }).catch(() => undefined);
  const unsubscribe = bridge.subscribe({
    address: rtc.inbox!,
    lastSeq: -1,
    onRemoved: () => stop(),
    async onMessage(message) {
      if (message.from !== to) return;
      const signal = message.signal as Signal;
      if (signal.kind === 'offer') {
        pc?.close();
        pc = new RTCPeerConnection({ iceServers: rtc.iceServers ?? [] });
        pc.ontrack = (e) => {
          if (video.srcObject !== e.streams[0]) {
            video.srcObject = e.streams[0];
            video.play().catch(() => undefined);
          }
        };
        pc.onicecandidate = (e) => e.candidate && send({ kind: 'ice', candidate: e.candidate.toJSON() });
        await pc.setRemoteDescription({ type: 'offer', sdp: signal.sdp });
        await pc.setLocalDescription(await pc.createAnswer());
        send({ kind: 'answer', sdp: pc.localDescription!.sdp });
      } else if (signal.kind === 'ice') {
        await pc?.addIceCandidate(signal.candidate).catch(() => undefined);
      }
    },
  });
  // Hello until connected: the creator may not be publishing yet, or may have reloaded.
  const hello = () => {
    if (!pc || ['failed', 'closed', 'disconnected'].includes(pc.connectionState)) send({ kind: 'hello' });
  };
  hello();
  const timer = setInterval(hello, 3000);
  function stop() {
    clearInterval(timer);
    send({ kind: 'bye' });
    unsubscribe();
    pc?.close();
    pc = null;
  }
  return { stop };
}

/** Agora's web SDK (loaded only when the platform is configured for Agora). */
export async function joinAgora(rtc: RtcCredentials, publisher: boolean, target: HTMLElement): Promise<VideoSession> {
  const { default: AgoraRTC } = await import('agora-rtc-sdk-ng');
  const client = AgoraRTC.createClient({ mode: 'live', codec: 'vp8' });
  await client.setClientRole(publisher ? 'host' : 'audience');
  await client.join(rtc.appId!, rtc.channel!, rtc.token!, rtc.uid!);
  const local: { close(): void }[] = [];
  if (publisher) {
    const [mic, cam] = await AgoraRTC.createMicrophoneAndCameraTracks();
    local.push(mic, cam);
    cam.play(target);
    await client.publish([mic, cam]);
  } else {
    client.on('user-published', async (user, mediaType) => {
      await client.subscribe(user, mediaType);
      if (mediaType === 'video') user.videoTrack?.play(target);
      if (mediaType === 'audio') user.audioTrack?.play();
    });
  }
  return {
    stop() {
      local.forEach((t) => t.close());
      client.leave().catch(() => undefined);
    },
  };
}
