import fc from 'fast-check';

// Property tests run with a fixed seed, so that CI is reproducible and a failure
// can be replayed. Explore new cases locally with FC_SEED=<n>, or FC_SEED=random.
const seed = process.env.FC_SEED;
if (seed !== 'random') fc.configureGlobal({ seed: seed ? Number(seed) : 20_261_125 });
