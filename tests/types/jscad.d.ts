// @jscad/stl-serializer ships no types; the tests use only serialize().
declare module '@jscad/stl-serializer' {
  const serializer: { serialize(options: { binary: boolean }, ...objects: unknown[]): ArrayBuffer[] | string[]; mimeType: string };
  export default serializer;
}
