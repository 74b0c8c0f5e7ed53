package nl.zorgbrug.transport.pkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import nl.zorgbrug.transport.TestStudies;

/** Properties of the package format: what is packed verifies and comes back byte for byte; no escaping name passes. */
class PackagePropertiesTest {

    @Property(tries = 15)
    void everyStudyPackedVerifiesWithADicomdirThatWalksToEveryFile(@ForAll @IntRange(min = 1, max = 12) int objects,
                                                                  @ForAll @IntRange(min = 1, max = 4) int series)
            throws Exception {
        Path dir = Files.createTempDirectory("pkgprop");
        try {
            List<Path> files = TestStudies.study(dir.resolve("in"), "2.25.55" + objects + series, objects, series, 256);
            Path zip = dir.resolve("p.zip");
            PackageManifest written = StudyPackageWriter.write(
                    TestStudies.manifest("2.25.55" + objects + series), files, zip);
            PackageReader.Verified v = PackageReader.unpack(zip, dir.resolve("s"), PackageLimits.defaults());
            assertThat(v.dicomFiles()).hasSize(objects);
            for (int i = 0; i < objects; i++) {
                assertThat(Files.mismatch(v.dicomFiles().get(i), files.get(i))).isEqualTo(-1L);
            }
            DicomdirCheck.check(v.folder().resolve(StudyPackageWriter.DICOMDIR), written);
        } finally {
            PackageReader.deleteTree(dir);
        }
    }

    @Property
    void aNameThatCouldLeaveThePackageIsNeverAccepted(@ForAll("escaping") String name) {
        assertThatThrownBy(() -> PackageReader.checkName("p.zip", name))
                .isInstanceOfSatisfying(PackageRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(PackageRefusedException.Reason.UNSAFE_PATH));
    }

    @Property
    void everyFileIdOfPs310IsAccepted(@ForAll("fileIds") String name) throws Exception {
        PackageReader.checkName("p.zip", name);
    }

    @Provide
    Arbitrary<String> fileIds() {
        Arbitrary<String> component = Arbitraries.strings().withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
                .ofMinLength(1).ofMaxLength(8);
        return component.list().ofMinSize(1).ofMaxSize(8).map(l -> String.join("/", l));
    }

    @Provide
    Arbitrary<String> escaping() {
        Arbitrary<String> safe = fileIds();
        Arbitrary<String> evil = Arbitraries.of("..", "../", "/", "\\", "C:", "./", "//", "\u0000", "a/../..");
        return Combinators.combine(safe, evil, safe, Arbitraries.integers().between(0, 2)).as((a, e, b, where) ->
                switch (where) {
                    case 0 -> e + a;
                    case 1 -> a + "/" + e + "/" + b;
                    default -> a + e;
                });
    }
}
