package dev.creatorhub.gateway.bridge;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The subscribers of one room on one event loop. Joins and leaves may come from any thread; a
 * delivery walks a plain array, rebuilt only after the membership changed (walking the concurrent
 * set itself cost a tenth of a delivery's CPU).
 */
final class LoopGroup {

  private final Set<RoomSubscriber> members = ConcurrentHashMap.newKeySet();
  private volatile RoomSubscriber[] snapshot = new RoomSubscriber[0];
  private volatile boolean changed;

  boolean add(RoomSubscriber subscriber) {
    boolean added = members.add(subscriber);
    changed = true;
    return added;
  }

  boolean remove(RoomSubscriber subscriber) {
    boolean removed = members.remove(subscriber);
    changed = true;
    return removed;
  }

  boolean isEmpty() {
    return members.isEmpty();
  }

  /** The members as of the last change; one that left since is still in it, marked {@code removed}. */
  RoomSubscriber[] members() {
    if (changed) {
      changed = false; // before copying: a change during the copy marks it again
      snapshot = members.toArray(new RoomSubscriber[0]);
    }
    return snapshot;
  }
}
