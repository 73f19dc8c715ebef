/** A command's answer: what it changed, plus the log position of its last event. */
export type WithPosition<T> = T & { position: number };
