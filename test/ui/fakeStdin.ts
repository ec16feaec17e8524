import { EventEmitter } from 'node:events';

/** A terminal's input as Ink reads it (readable + read()); `send` types a key sequence. */
export class FakeStdin extends EventEmitter {
  isTTY = true;
  raw = false;
  private data: string | null = null;
  setEncoding() {}
  setRawMode(on: boolean) {
    this.raw = on;
  }
  resume() {}
  pause() {}
  ref() {}
  unref() {}
  read = () => {
    const d = this.data;
    this.data = null;
    return d;
  };
  send(data: string) {
    this.data = data;
    this.emit('readable');
  }
}
