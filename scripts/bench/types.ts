/** Shapes of the bench results (also the JSON written to the results file). */
export interface StageMeasure {
  name: string;
  /** When the stage started, from the start of the build: stages may overlap (Astro and the snapshot do). */
  startMs: number;
  wallMs: number;
  peakRss: number;
  /** CPU-seconds of the whole process tree while the stage ran: overlapping stages share them. */
  cpuSeconds: number;
  pagesPerSec: number | null;
  outputBytes: number | null;
  outputFiles: number | null;
}

export interface BuildMeasure {
  wallMs: number;
  peakRss: number;
  /** CPU-seconds of the whole build, every process and thread. */
  cpuSeconds: number;
  pages: number;
  outputBytes: number;
  outputFiles: number;
  stages: StageMeasure[];
  astroPhases: Array<{ name: string; wallMs: number; peakRss: number; cpuSeconds: number }>;
  log: string;
  note?: string;
  /** With --compare: this (incremental) build's dist against the cold build's, byte for byte. */
  identicalToCold?: { files: number; differing: number; examples: string[] };
}

export interface CorpusResult {
  label: string;
  sources: string;
  sourceFiles: number;
  sourceBytes: number;
  full: BuildMeasure;
  floor: BuildMeasure | null;
  ratioToFloor: number | null;
  /** With --peer: plain Astro on the same pages, then default `pagefind --site` (bench/peer.ts). */
  peer: BuildMeasure | null;
  /** With --add: the site built cold without the added folder, then rebuilt with it. */
  without: BuildMeasure | null;
  added: BuildMeasure | null;
  warm: BuildMeasure | null;
  oneChange: BuildMeasure | null;
}
