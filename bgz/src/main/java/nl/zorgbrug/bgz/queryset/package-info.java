/**
 * The BgZ MSZ 2.0 query set (Nictiz, "Beschikbaarstellen"): the 27 searches a requesting system sends. A description
 * only, shared by the requesting role ({@code request}), which sends them, and the serving side's whole-BgZ document
 * ({@code stu3.BgzDocument}), which runs them through its own providers; so neither side depends on the other.
 */
package nl.zorgbrug.bgz.queryset;
