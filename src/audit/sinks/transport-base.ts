/**
 * winston's Transport base class (winston-transport). winston exports it at runtime as
 * `winston.Transport`, but its typings expose it only as a namespace, so the value is typed here
 * once with the members our sinks use.
 */
import type { Writable } from 'node:stream';
import winston from 'winston';

export interface TransportInstance extends Writable {
  level?: string;
}

type TransportCtor = new (opts?: { level?: string }) => TransportInstance;

export const TransportBase = (winston as unknown as { Transport: TransportCtor }).Transport;
