import type { Statistic } from '../types';

/** Finds statistical results in one sentence's prose. (Placeholder: the statistics work replaces it.) */
export function findStatistics(prose: string, offset = 0): Statistic[] {
  void prose; void offset;
  return [];
}
