export { SmtpTestServer, type ReceivedMail, type SmtpMode } from './smtp-test-server';
