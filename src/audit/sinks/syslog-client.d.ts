/** Minimal types for the parts of `syslog-client` we use (the package ships none). */
declare module 'syslog-client' {
  export interface ClientOptions {
    syslogHostname?: string;
    port?: number;
    facility?: number;
    severity?: number;
    rfc3164?: boolean;
    appName?: string;
    transport?: number;
  }
  export interface MessageOptions {
    facility: number;
    severity: number;
    rfc3164: boolean;
    appName: string;
    syslogHostname: string;
    msgid?: string;
    timestamp?: Date;
  }
  export interface Client {
    buildFormattedMessage(message: string, options: MessageOptions): Buffer;
    close(): void;
  }
  export const Transport: { Tcp: number; Udp: number };
  export function createClient(target: string, options?: ClientOptions): Client;
  const _default: { createClient: typeof createClient; Transport: typeof Transport };
  export default _default;
}
