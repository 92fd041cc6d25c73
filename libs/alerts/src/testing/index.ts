export { SmtpTestServer, type ReceivedMail, type SmtpMode } from './smtp-test-server';
export { RobotTestServer, type ReceivedRobotMessage, type RobotServerMode } from './robot-test-server';
