import { spawn, type ChildProcess } from 'node:child_process';

export interface Started {
  child: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

/** Starts a Node.js script (Tessera's CLI serves) and waits for the address it listens on. */
export async function startProcess(script: string, env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, [script, ...(script.endsWith('main.js') ? ['serve'] : [])], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const bare = /listening (\d+)/.exec(output);
      if (bare) resolve(`http://127.0.0.1:${bare[1]}`);
      const tessera = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (tessera) resolve(tessera[1]!);
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}: ${output}`)));
  });
  // The output must still be read, or a chatty child blocks on a full pipe.
  child.stdout!.resume();
  return {
    child,
    url,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
}
