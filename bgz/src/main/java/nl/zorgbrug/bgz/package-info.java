/** The Basisgegevensset Zorg over FHIR (issue 19). */
package nl.zorgbrug.bgz;
