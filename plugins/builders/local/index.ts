// The local builder: runs the toolchain's build on this host, in the release directory, as the hop3 user.
import { defineBuilder } from '../../../lib/sdk.js';

/** Builds every app on this host by running the toolchain's build directly. */
export default defineBuilder('local', () => ({
  reject: () => undefined,
  async build(ctx, toolchain) {
    const artifact = await toolchain.build(ctx);
    return { ...artifact, builder: 'local' };
  },
}));
