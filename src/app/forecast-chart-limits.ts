/**
 * Limits of the forecast chart page, apart from the renderer so that `forecast --help` can name
 * them without loading vega.
 */

/** Charts at most this many series (a page of thousands of charts helps nobody). */
export const maxChartedSeries = 50;
