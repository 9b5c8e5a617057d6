/** Progress of long work (compile, setup, prove), for bars and logs. */
export interface Progress {
  stage: string;
  done?: number;
  total?: number;
  message?: string;
}
export type ProgressFn = (p: Progress) => void;
