// jstat ships no type declarations; we use only a few of its distribution functions.
declare module 'jstat' {
  interface Dist { cdf(x: number, ...params: number[]): number; inv(p: number, ...params: number[]): number }
  interface JStatStatic {
    studentt: Dist;
    normal: Dist;
    centralF: Dist;
    chisquare: Dist;
    ibeta(x: number, a: number, b: number): number;
    lowRegGamma(a: number, x: number): number;
  }
  const jStat: JStatStatic & { jStat: JStatStatic };
  export default jStat;
}
