import { useState } from 'react';

interface Bridge {
  openFile(): Promise<string | undefined>;
  redact(request: { file: string; outDir: string }): Promise<unknown>;
}

declare global {
  interface Window {
    idredact?: Bridge;
  }
}

/** Minimal shell: pick a file, redact it next to the original. The review UI is its own issue. */
export function App() {
  const [status, setStatus] = useState('Open a scan of a passport or ID card.');
  const open = async (): Promise<void> => {
    const bridge = window.idredact;
    if (!bridge) return setStatus('The IDRedact engine is not available in this window.');
    const file = await bridge.openFile();
    if (!file) return;
    setStatus(`Redacting ${file}…`);
    const outDir = file.replace(/[\\/][^\\/]*$/, '');
    const report = (await bridge.redact({ file, outDir })) as { status: string; output?: string };
    setStatus(report.output ? `${report.status}: saved ${report.output}` : `Could not redact ${file}`);
  };
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', padding: 24 }}>
      <h1>IDRedact</h1>
      <button type="button" onClick={() => void open()}>
        Open…
      </button>
      <p role="status">{status}</p>
    </main>
  );
}
