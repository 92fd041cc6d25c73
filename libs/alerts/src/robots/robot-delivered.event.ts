import { deterministicUuid, EventCodec, shape } from '@app/event-store';
import type { RobotKind } from './robot-webhook';

/**
 * A group robot took a message (it answered errcode 0): a fact in the event store, in a stream of its own per
 * delivery (`robot-delivery-<deliveryId>`) with a deterministic event id, like AlertMailDelivered for mails. The
 * robot sender looks for it before posting, so a restart or a replay of the events posts nothing twice; the
 * notifier marks the outbox row sent when it reads it.
 */
export const ALERT_ROBOT_DELIVERED = 'AlertRobotMessageDelivered';

export interface AlertRobotDeliveredData {
  readonly deliveryId: string;
  readonly kind: RobotKind;
  /** The robot's key (`<kind>:<hash of its URL>`): names no token. */
  readonly robot: string;
}

/** The events of a robot delivery's stream. */
export const ROBOT_DELIVERY_EVENTS = new EventCodec<{ [ALERT_ROBOT_DELIVERED]: AlertRobotDeliveredData }>(
  'robot delivery',
  { [ALERT_ROBOT_DELIVERED]: shape({ deliveryId: 'string', kind: 'string', robot: 'string' }) },
);

export function robotDeliveryStreamId(deliveryId: string): string {
  return `robot-delivery-${deliveryId}`;
}

export function robotDeliveredEventId(deliveryId: string): string {
  return deterministicUuid(`alert-robot-delivered/${deliveryId}`);
}
