package dev.creatorhub.shared.kafka;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.admin.KafkaAdminClient;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.producer.KafkaProducer;

import java.util.HashMap;
import java.util.Map;

/** Kafka client factories with the platform's settings (durable, idempotent, manual commits). */
public final class KafkaClients {

  private KafkaClients() {
  }

  public static String bootstrap(JsonObject config) {
    return config.getJsonObject("kafka").getString("bootstrapServers");
  }

  public static KafkaProducer<String, String> producer(Vertx vertx, JsonObject config, String clientId) {
    Map<String, String> props = new HashMap<>();
    props.put("bootstrap.servers", bootstrap(config));
    props.put("client.id", clientId);
    props.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
    props.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
    props.put("acks", "all");
    props.put("enable.idempotence", "true");
    props.put("linger.ms", "2");
    props.put("max.block.ms", "10000");
    props.put("delivery.timeout.ms", "30000");
    props.put("request.timeout.ms", "10000");
    return KafkaProducer.create(vertx, props);
  }

  public static KafkaConsumer<String, String> consumer(Vertx vertx, JsonObject config, String groupId) {
    Map<String, String> props = new HashMap<>();
    props.put("bootstrap.servers", bootstrap(config));
    props.put("group.id", groupId);
    props.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
    props.put("value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
    props.put("enable.auto.commit", "false");
    props.put("auto.offset.reset", "earliest");
    props.put("max.poll.records", "200");
    // A node that dies holds its partitions until the broker gives up on it: 10 s, not Kafka's 45 s.
    // (Until then a rebalance waits for it, and so does every other member's join or leave.)
    props.put("session.timeout.ms", "10000");
    props.put("heartbeat.interval.ms", "3000");
    return KafkaConsumer.create(vertx, props);
  }

  public static KafkaAdminClient admin(Vertx vertx, JsonObject config) {
    Map<String, String> props = new HashMap<>();
    props.put("bootstrap.servers", bootstrap(config));
    props.put("request.timeout.ms", "3000");
    props.put("default.api.timeout.ms", "3000");
    return KafkaAdminClient.create(vertx, props);
  }
}
