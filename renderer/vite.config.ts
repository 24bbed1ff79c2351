import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/** Kept in step with RENDERER_LOADER in electron/appFiles.ts, whose hash the CSP allows (a test checks). */
const LOADER =
  "const s = document.createElement('script'); s.type = 'module'; s.src = './assets/app.js'; document.head.append(s);";

/**
 * Replaces the bundle's <script src> with an inline loader that adds it, so
 * that the Content-Security-Policy can allow exactly that script by its hash
 * ('strict-dynamic' extends the trust to what it imports) instead of 'self'.
 */
function inlineLoader(): Plugin {
  return {
    name: 'idredact-inline-loader',
    enforce: 'post',
    transformIndexHtml: {
      order: 'post',
      handler(html) {
        const tag = /<script type="module" crossorigin src="\.\/assets\/app\.js"><\/script>/;
        if (!tag.test(html)) throw new Error('index.html: the bundle script tag was not found');
        return html.replace(tag, `<script type="module">${LOADER}</script>`);
      },
    },
  };
}

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), inlineLoader()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    rollupOptions: { output: { entryFileNames: 'assets/app.js' } },
  },
});
