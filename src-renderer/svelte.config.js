// Shared by vite-plugin-svelte, svelte-check and eslint-plugin-svelte: runes everywhere.
export default {
  compilerOptions: { runes: true },
};
