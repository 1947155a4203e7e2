package dev.harness.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./harness} launcher script when no JDK 21+ can be found: it must exit 2 with one
 * line on stderr that names JDK 21 and what it looked at, and write nothing on stdout.
 *
 * <p>Each case runs {@code /bin/sh <root>/harness --version} with an environment built from
 * scratch: {@code PATH} is only a temporary directory (holding, in some cases, a fake {@code java}),
 * {@code HOME} is empty, and {@code HARNESS_JDK_SEARCH} replaces the usual install places. With such
 * a {@code PATH} the script cannot run Maven, and it fails before it would build, so these tests
 * never build anything and do not care whether {@code harness-cli/target/harness.jar} exists. One more
 * case runs a copy of the script in a checkout of its own, with a fake Maven, to show that two commands
 * started together build once.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LauncherScriptTest {

    private static final Path SH = Path.of("/bin/sh");

    @TempDir
    Path tmp;

    private Path root;
    private Path bin;
    private Path emptySearch;

    @BeforeEach
    void setUp() throws IOException {
        assumeTrue(Files.isExecutable(SH), "needs a POSIX /bin/sh");
        root = repositoryRoot();
        bin = Files.createDirectories(tmp.resolve("bin"));
        emptySearch = Files.createDirectories(tmp.resolve("no-jdks"));
        Files.createDirectories(tmp.resolve("home"));
    }

    @Test
    void javaSeventeenOnPathAndNothingElse_exits2AndAsksForJdk21() throws Exception {
        fakeJava(bin, "17");

        Result result = runHarness(Map.of("HARNESS_JDK_SEARCH", emptySearch + "/*"));

        assertNoJdkMessage(result);
        assertTrue(result.stderr().contains("java on PATH"), result.stderr());
        assertTrue(result.stderr().contains("is Java 17"), result.stderr());
        assertTrue(result.stderr().contains("JAVA_HOME is not set"), result.stderr());
    }

    @Test
    void javaHomeThatIsNotAJdk_fallsThroughToTheSearch() throws Exception {
        fakeJava(bin, "17");
        Path notAJdk = Files.createDirectories(tmp.resolve("not-a-jdk"));

        Result result = runHarness(Map.of(
                "JAVA_HOME", notAJdk.toString(),
                "HARNESS_JDK_SEARCH", emptySearch + "/*"));

        assertNoJdkMessage(result);
        assertTrue(result.stderr().contains("JAVA_HOME=" + notAJdk + " is not a Java installation"), result.stderr());
        assertTrue(result.stderr().contains("is Java 17"), result.stderr());
        assertTrue(result.stderr().contains(emptySearch + "/*"), result.stderr());
    }

    @Test
    void oldJdksInTheSearchPlaces_areNamedWithTheirVersions() throws Exception {
        Path jdks = Files.createDirectories(tmp.resolve("jdks"));
        fakeJavaOldStyle(Files.createDirectories(jdks.resolve("jdk8u392/bin")), "1.8.0_392");
        fakeJava(Files.createDirectories(jdks.resolve("jdk-17/bin")), "17");

        Result result = runHarness(Map.of("HARNESS_JDK_SEARCH", jdks + "/*"));

        assertNoJdkMessage(result);
        assertTrue(result.stderr().contains("no java on PATH"), result.stderr());
        assertTrue(result.stderr().contains("jdk8u392=8"), result.stderr());
        assertTrue(result.stderr().contains("jdk-17=17"), result.stderr());
    }

    @Test
    void aJava21RuntimeWithoutJavac_isNotEnoughToBuild() throws Exception {
        Path jre = Files.createDirectories(tmp.resolve("jres/jre-21"));
        fakeJava(Files.createDirectories(jre.resolve("bin")), "21");

        // without 'find' on PATH the script cannot prove the jar up to date, so it must build
        Result result = runHarness(Map.of("HARNESS_JDK_SEARCH", tmp.resolve("jres") + "/*"));

        assertNoJdkMessage(result);
        assertTrue(result.stderr().contains("without javac (" + jre + ")"), result.stderr());
    }

    /**
     * Two commands started together with the jar stale: one builds, the other waits for that build and
     * then finds the jar up to date, instead of building into the same target directories at once. A copy
     * of the script in a checkout of its own, with a fake {@code mvnw} that takes a second and makes the jar,
     * and a fake JDK 21 whose {@code java -jar} prints what it was asked to run.
     */
    @Test
    void twoCommandsStartedTogetherBuildOnce() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/flock")) || Files.isExecutable(Path.of("/bin/flock")), "needs flock");
        Path checkout = Files.createDirectories(tmp.resolve("checkout"));
        Files.copy(root.resolve("harness"), checkout.resolve("harness"));
        Files.writeString(checkout.resolve("pom.xml"), "<project/>");
        writeExecutable(checkout.resolve("mvnw"), List.of(
                "#!/bin/sh",
                "echo build >> \"" + tmp.resolve("builds") + "\"",
                "sleep 1",
                "mkdir -p harness-cli/target && touch harness-cli/target/harness.jar"));
        Path jdk = Files.createDirectories(tmp.resolve("jdk-21"));
        Path jdkBin = Files.createDirectories(jdk.resolve("bin"));
        writeExecutable(jdkBin.resolve("java"), List.of(
                "#!/bin/sh",
                "case $1 in -XshowSettings*) printf '%s\\n' '    java.home = " + jdk + "' '    java.specification.version = 21' >&2;;",
                "  *) echo \"ran $*\";; esac"));
        writeExecutable(jdkBin.resolve("javac"), List.of("#!/bin/sh"));

        List<Process> commands = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ProcessBuilder builder = new ProcessBuilder(SH.toString(), checkout.resolve("harness").toString(), "--version")
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(tmp.resolve("stdout" + i).toFile())
                    .redirectError(tmp.resolve("stderr" + i).toFile());
            builder.environment().put("JAVA_HOME", jdk.toString());
            commands.add(builder.start());
        }
        for (Process command : commands) {
            assertTrue(command.waitFor(30, TimeUnit.SECONDS), "./harness did not exit within 30 s");
        }
        String stderr = Files.readString(tmp.resolve("stderr0")) + Files.readString(tmp.resolve("stderr1"));
        assertEquals(List.of("build"), Files.readAllLines(tmp.resolve("builds")), "one build: " + stderr);
        assertEquals(1, stderr.lines().filter(l -> l.startsWith("harness: building the jars")).count(), stderr);
        assertTrue(stderr.contains("harness: waiting for another harness command's build to finish"), stderr);
        for (int i = 0; i < 2; i++) {
            assertEquals(0, commands.get(i).exitValue(), stderr);
            assertTrue(Files.readString(tmp.resolve("stdout" + i)).startsWith("ran -jar " + checkout), "both run the jar");
        }
    }

    private static void assertNoJdkMessage(Result result) {
        assertAll(
                () -> assertEquals(2, result.exitCode(), result.stderr()),
                () -> assertEquals("", result.stdout(), "stdout belongs to the CLI"),
                () -> assertEquals(1, result.stderr().lines().count(), "one message: " + result.stderr()),
                () -> assertTrue(result.stderr().startsWith("harness: "), result.stderr()),
                () -> assertTrue(result.stderr().contains("JDK 21 or newer"), result.stderr()),
                () -> assertTrue(result.stderr().contains("JAVA_HOME"), result.stderr()),
                () -> assertTrue(result.stderr().contains("Install one"), result.stderr()));
    }

    private record Result(int exitCode, String stdout, String stderr) {}

    private Result runHarness(Map<String, String> extraEnv) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(SH.toString(), root.resolve("harness").toString(), "--version")
                .directory(tmp.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(tmp.resolve("stdout").toFile())
                .redirectError(tmp.resolve("stderr").toFile());
        Map<String, String> env = builder.environment();
        env.clear();
        Map<String, String> wanted = new HashMap<>(Map.of("PATH", bin.toString(), "HOME", tmp.resolve("home").toString()));
        wanted.putAll(extraEnv);
        env.putAll(wanted);

        Process process = builder.start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
            throw new AssertionError("./harness did not exit within 30 s; stderr: " + Files.readString(tmp.resolve("stderr")));
        }
        return new Result(process.exitValue(), Files.readString(tmp.resolve("stdout")), Files.readString(tmp.resolve("stderr")));
    }

    /** A fake {@code java} that answers {@code -XshowSettings:properties -version} like a real JDK of that version. */
    private static void fakeJava(Path binDir, String specVersion) throws IOException {
        String home = binDir.getParent().toString();
        writeExecutable(binDir.resolve("java"), List.of(
                "#!/bin/sh",
                "# built-ins only: PATH holds nothing but this directory",
                "printf '%s\\n' 'Property settings:' \\",
                "    '    java.home = " + home + "' \\",
                "    '    java.specification.version = " + specVersion + "' \\",
                "    '    java.vm.specification.version = " + specVersion + "' \\",
                "    '' 'openjdk version \"" + specVersion + ".0.2\" 2022-01-18' >&2"));
    }

    /** A fake {@code java} that only knows {@code -version}, as a Java 8 without -XshowSettings would. */
    private static void fakeJavaOldStyle(Path binDir, String version) throws IOException {
        writeExecutable(binDir.resolve("java"), List.of(
                "#!/bin/sh",
                "echo 'java version \"" + version + "\"' >&2"));
        writeExecutable(binDir.resolve("javac"), List.of("#!/bin/sh"));
    }

    private static void writeExecutable(Path file, List<String> lines) throws IOException {
        Files.write(file, lines);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** The checkout: the nearest directory at or above the working directory that holds the launcher. */
    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("harness")) && Files.isRegularFile(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no ./harness at or above " + Path.of("").toAbsolutePath());
    }
}
