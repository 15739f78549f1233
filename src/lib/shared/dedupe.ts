// A review-queue row: the server's answer and the review screen's input (contracts/dedupe.ts).
export type { ClusterRow } from './contracts/dedupe.js';
