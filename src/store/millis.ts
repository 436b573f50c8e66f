/** Timestamps are milliseconds since the epoch, in a 64-bit integer column on both engines. */
export type Millis = number;
