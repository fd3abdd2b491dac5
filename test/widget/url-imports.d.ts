/** Vite serves `import x from './file?url'` as the file's URL (the browser tests fetch fixtures with it). */
declare module '*?url' {
  const url: string;
  export default url;
}
