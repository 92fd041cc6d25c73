import { defineFault } from './harness/fault';
import { runMailOutage } from './harness/mail-outage';

/**
 * F4: the mail server reads each whole message, then drops the connection without a reply (it did not take the
 * mail: the sender must send it again, and the server must end up with it once).
 */
export default defineFault({
  id: 'F4',
  title: 'SMTP connection dropped after DATA',
  run: (ctx) =>
    runMailOutage(ctx, 'f4', {
      break: async (smtp) => {
        smtp.mode = 'drop-after-data';
      },
      repair: async (smtp) => {
        smtp.mode = 'accept';
      },
    }),
});
