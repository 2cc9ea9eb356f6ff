/**
 * The solid-check kernel's first use in a process (vitest runs each test file in its own process):
 * the check grows the kernel's memory, which replaces the buffer its results are read from. A report
 * read through a view made before that named the first intersecting pair "undefined".
 */
import { expect, it } from 'vitest';
import { designDevice, prepareBuild } from '../../src/pipeline/index.js';
import { checkSolid } from '../../src/geometry/validate/index.js';
import { loadScan } from '../support/build.js';

it('reports the first intersecting pair on a fresh kernel, the same pair as the general path', () => {
  const { mesh, layout } = designDevice(prepareBuild(loadScan('examples/w238-right-supination.json')), 2).device;
  const v = layout.boundaryCount + Math.floor((layout.topCount - layout.boundaryCount) / 2);
  const positions = mesh.positions.slice();
  positions[3 * v + 2] = positions[3 * v + 2]! - 20; // a top vertex pushed through the underside
  const broken = { positions, indices: mesh.indices };
  const ours = checkSolid(broken, layout);
  expect(ours.problems.join('\n')).toMatch(/pairs of triangles intersect \(first: \d+ and \d+\)/);
  expect(ours).toEqual(checkSolid(broken));
});
