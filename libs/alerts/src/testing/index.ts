export { SmtpTestServer, type ReceivedMail } from './smtp-test-server';
export { RobotTestServer } from './robot-test-server';
export { planMilestone, reportDelay } from './alert-milestones';
