/** Bad input to an export (a split the suite lacks, a format the source cannot give, an --out that is taken, a damaged log): exit 2, nothing written. */
export class ExportInputError extends Error {}
