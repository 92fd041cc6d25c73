// Long files first, so that with several workers none of them is left running alone at the end. Jest orders by
// the durations of earlier runs (its cache); without them (a fresh clone, as in CI) it would order by file size,
// which puts some long, short files (a few child processes each) near the end. These hints stand in for the
// missing durations.
const Sequencer = require('@jest/test-sequencer').default;

/** Seconds, roughly, in band on the 2-core CI machine; the first pattern that matches counts. */
const HINTS = [
  [
    /\/test\/(embedded-follow|service-crash|status-freshness|plan-cli|embedded-start|scale-out)\.e2e-spec\.ts$/,
    30,
  ],
  [/\/chain-checkpoints\.int-spec\.ts$/, 25],
];

class HintedSequencer extends Sequencer {
  time(test) {
    const cached = super.time(test);
    if (cached != null) return cached;
    const hint = HINTS.find(([re]) => re.test(test.path));
    // (every file gets a time, or jest would run the ones without first; small files by size, as jest would)
    return hint ? hint[1] * 1000 : (test.context.hasteFS.getSize(test.path) ?? 0) / 1000;
  }
}

module.exports = HintedSequencer;
