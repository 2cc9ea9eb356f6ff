// gcode-toolpath (cncjs) ships no types; the tests use its constructor callbacks and loadFromStringSync.
declare module 'gcode-toolpath' {
  interface Vec { x: number; y: number; z: number }
  interface Modal { motion: string; tool: number; units: string; distance: string; plane: string }
  export default class Toolpath {
    constructor(options: { position?: Vec; addLine: (modal: Modal, v1: Vec, v2: Vec) => void; addArcCurve: (modal: Modal, v1: Vec, v2: Vec, v0: Vec) => void });
    loadFromStringSync(text: string): unknown;
  }
}
