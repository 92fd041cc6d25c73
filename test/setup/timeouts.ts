// Integration and e2e tests talk to real servers and child processes: give them room on a busy 2-core machine.
jest.setTimeout(60_000);
