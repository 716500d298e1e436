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
}

export interface CorpusResult {
  label: string;
  sources: string;
  sourceFiles: number;
  sourceBytes: number;
  full: BuildMeasure;
  floor: BuildMeasure | null;
  ratioToFloor: number | null;
  warm: BuildMeasure | null;
  oneChange: BuildMeasure | null;
}
