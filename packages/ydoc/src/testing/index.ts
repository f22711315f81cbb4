export { CLIENT_ORDERS, JOIN_RESCUE_DOCUMENT, RescueReplicas, sendUpdate } from './join-rescue';
