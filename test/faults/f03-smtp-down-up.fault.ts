import { defineFault } from './harness/fault';
import { runMailOutage } from './harness/mail-outage';

/** F3: the mail server is down while alerts are raised (every mail fails twice), then comes back. */
export default defineFault({
  id: 'F3',
  title: 'SMTP down, then up',
  run: (ctx) =>
    runMailOutage(ctx, 'f3', {
      break: (smtp) => smtp.down(),
      repair: (smtp) => smtp.up(),
    }),
});
