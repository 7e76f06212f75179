import { main } from './main.ts';

main(process.argv).then((code) => {
  process.exitCode = code;
}, (e: unknown) => {
  process.stderr.write(`gotune: internal error: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exitCode = 2;
});
