/**
 * Preload for `profile.js --alloc` (`node --import …/alloc-preload.js`): V8's sampling heap
 * profiler, keeping objects the GC already collected, so the profile shows what is allocated,
 * not what survives. Sampling starts on SIGUSR2 (sent after the warm-up) and the profile is
 * written to $DOJO_GUARD_ALLOC_OUT when the process exits.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

const out = process.env.DOJO_GUARD_ALLOC_OUT;
if (out) {
  const session = new Session();
  session.connect();
  let sampling = false;
  process.on('SIGUSR2', () => {
    if (sampling) return;
    sampling = true;
    session.post('HeapProfiler.enable');
    session.post('HeapProfiler.startSampling', {
      samplingInterval: 4096,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
  });
  // A same-thread inspector session answers synchronously, so this works in an exit handler.
  process.on('exit', () => {
    if (!sampling) return;
    session.post('HeapProfiler.stopSampling', (err, res) => {
      if (!err) writeFileSync(out, JSON.stringify(res.profile));
    });
  });
}
