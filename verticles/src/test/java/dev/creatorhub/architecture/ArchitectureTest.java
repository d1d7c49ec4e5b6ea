package dev.creatorhub.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The boundaries ARCHITECTURE.md promises, checked on the main code: domains talk only over the
 * event bus or Kafka (never through each other's classes), shared code knows no domain, and code
 * that may run on an event loop does not block.
 */
class ArchitectureTest {

  private static JavaClasses main;

  @BeforeAll
  static void importMainCode() {
    main = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        // The shared module's test kit arrives as a test jar in a full build.
        .withImportOption(location -> !location.contains("-tests.jar"))
        .importPackages("dev.creatorhub");
  }

  /** Code that runs before Vert.x starts or outside any event loop (startup, the embedded stack). */
  private static final DescribedPredicate<JavaClass> STARTUP_CODE =
      resideInAPackage("dev.creatorhub.devstack..")
          .or(JavaClass.Predicates.equivalentTo(dev.creatorhub.node.Main.class))
          .or(JavaClass.Predicates.equivalentTo(dev.creatorhub.shared.security.JwtKeys.class))
          .or(JavaClass.Predicates.equivalentTo(dev.creatorhub.shared.security.DevSecrets.class))
          // Blocking by contract (runs ffprobe/ffmpeg and its temporary files on the uploads' worker pools).
          .or(JavaClass.Predicates.simpleName("VideoProbe"))
          .as("startup code and worker-only code");

  @Test
  void domainsUseOnlyEachOthersApi() {
    ArchRule rule = slices().matching("dev.creatorhub.(*)..")
        .should().notDependOnEachOther()
        // The node deploys the gateway; domains reach it only as plug-ins (the next rule).
        .ignoreDependency(resideInAPackage("dev.creatorhub.node.."), resideInAPackage("dev.creatorhub.gateway.."))
        .ignoreDependency(DescribedPredicate.alwaysTrue(), resideInAPackage("dev.creatorhub.shared.."))
        // A domain's api (its clients and records) is the one part others may use.
        .ignoreDependency(DescribedPredicate.alwaysTrue(), resideInAPackage("dev.creatorhub.*.api.."));
    rule.check(main);
  }

  @Test
  void theNodeAndTheGatewayKnowNoDomain() {
    noClasses().that().resideInAnyPackage("dev.creatorhub.node..", "dev.creatorhub.gateway..")
        .should().dependOnClassesThat(resideInAPackage("dev.creatorhub..")
            .and(DescribedPredicate.not(resideInAnyPackage("dev.creatorhub.node..", "dev.creatorhub.gateway..", "dev.creatorhub.shared.."))))
        .because("a domain is found through its Domain plug-in, so adding one edits no platform file")
        .check(main);
  }

  @Test
  void anApiCarriesNoneOfItsDomainsInternals() {
    noClasses().that().resideInAPackage("dev.creatorhub.*.api..")
        .should().dependOnClassesThat().resideOutsideOfPackages("dev.creatorhub.*.api..", "dev.creatorhub.shared..", "java..",
            "io.vertx..")
        .check(main);
  }

  @Test
  void busAdaptersHoldNoStoreCalls() {
    noClasses().that().resideInAPackage("dev.creatorhub.*.bus..")
        .should().dependOnClassesThat().resideInAnyPackage("io.vertx.ext.mongo..", "io.vertx.redis..", "dev.creatorhub.*.store..")
        .because("a bus adapter maps an address to a service call; the rules and the queries live below it")
        .check(main);
  }

  @Test
  void servicesQueryNothingThemselves() {
    queriesIn(noClasses().that().resideInAPackage("dev.creatorhub.*.service..")).check(main);
  }

  @Test
  void theQueryRuleCatchesAServiceThatQueries() {
    JavaClasses witness = new ClassFileImporter().importClasses(QueryingService.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> queriesIn(noClasses().that().haveSimpleName("QueryingService")).check(witness))
        .isInstanceOf(AssertionError.class).hasMessageContaining("MongoClient");
  }

  /** A service that breaks the rule, so the rule is seen to catch one. */
  static final class QueryingService {
    io.vertx.core.Future<java.util.List<io.vertx.core.json.JsonObject>> all(io.vertx.ext.mongo.MongoClient mongo) {
      return mongo.find("anything", new io.vertx.core.json.JsonObject());
    }
  }

  private static ArchRule queriesIn(com.tngtech.archunit.lang.syntax.elements.GivenClassesConjunction classes) {
    return classes.should().callMethodWhere(com.tngtech.archunit.core.domain.JavaCall.Predicates.target(
            com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.<com.tngtech.archunit.core.domain.JavaClass>owner(
                JavaClass.Predicates.assignableTo(io.vertx.ext.mongo.MongoClient.class)
                    .or(JavaClass.Predicates.assignableTo(io.vertx.redis.client.Redis.class))))
            .and(DescribedPredicate.not(com.tngtech.archunit.core.domain.properties.HasName.Predicates.name("close"))))
        .because("every query of a domain is a named method of its store");
  }

  @Test
  void storesAreUsedOnlyByServices() {
    noClasses().that().resideOutsideOfPackages("dev.creatorhub.*.service..", "dev.creatorhub.*.store..")
        .should().dependOnClassesThat().resideInAPackage("dev.creatorhub.*.store..")
        .check(main);
  }

  @Test
  void noMainSourceFileIsOver300Lines() throws IOException {
    List<Path> files = javaFiles("src/main/java");
    org.assertj.core.api.Assertions.assertThat(files).as("source files read").hasSizeGreaterThan(100);
    List<String> tooLong = new ArrayList<>();
    for (Path file : files) {
      long lines;
      try (Stream<String> text = Files.lines(file)) {
        lines = text.count();
      }
      if (lines > 300) {
        tooLong.add(name(file) + " (" + lines + " lines)");
      }
    }
    org.assertj.core.api.Assertions.assertThat(tooLong).as("split these into smaller single-purpose classes").isEmpty();
  }

  /**
   * Test code that may pause: the one polling primitive, the benchmarks (not tests), this class's
   * fixture, and the property test whose random "time passes" step is an input (the real schedulers
   * run between its requests), not a wait for an outcome.
   */
  private static final List<String> MAY_PAUSE = List.of("/testkit/Await.java", "/bench/", "/architecture/ArchitectureTest.java",
      "/payments/MoneyPropertyTest.java");
  private static final java.util.regex.Pattern SLEEP = java.util.regex.Pattern.compile("\\b(Thread|TimeUnit\\.[A-Z]+)\\.sleep\\(");

  @Test
  void testsWaitForConditionsNotForFixedTimes() throws IOException {
    List<Path> files = javaFiles("src/test/java");
    org.assertj.core.api.Assertions.assertThat(files).as("test files read").hasSizeGreaterThan(50);
    List<String> sleeping = new ArrayList<>();
    for (Path file : files) {
      if (MAY_PAUSE.stream().noneMatch(name(file)::contains) && SLEEP.matcher(Files.readString(file)).find()) {
        sleeping.add(name(file));
      }
    }
    org.assertj.core.api.Assertions.assertThat(sleeping)
        .as("poll the condition (Await.poll / Await.until) or schedule the fault (a delayed executor) instead of sleeping").isEmpty();
  }

  /** The Java files under {@code tree} (e.g. {@code src/main/java}) of every module (a folder with a pom.xml). */
  private static List<Path> javaFiles(String tree) throws IOException {
    List<Path> modules;
    try (Stream<Path> poms = Files.walk(Path.of("..").normalize(), 4)) {
      modules = poms.filter(p -> p.getFileName().toString().equals("pom.xml"))
          .filter(p -> !name(p).contains("/node_modules/") && !name(p).contains("/target/"))
          .map(p -> p.toAbsolutePath().getParent()).toList();
    }
    org.assertj.core.api.Assertions.assertThat(modules).as("modules found").hasSizeGreaterThan(15);
    List<Path> found = new ArrayList<>();
    for (Path module : modules) {
      if (Files.isDirectory(module.resolve(tree))) {
        try (Stream<Path> files = Files.walk(module.resolve(tree))) {
          found.addAll(files.filter(f -> f.toString().endsWith(".java")).toList());
        }
      }
    }
    return found;
  }

  private static String name(Path file) {
    return file.toString().replace('\\', '/');
  }

  @Test
  void sharedCodeKnowsNoDomain() {
    noClasses().that().resideInAPackage("dev.creatorhub.shared..")
        .should().dependOnClassesThat().resideOutsideOfPackages("dev.creatorhub.shared..", "java..", "javax..",
            "io.vertx..", "io.netty..", "org.slf4j..", "com.mongodb..", "org.bson..", "software.amazon..",
            "de.bwaldvogel..", "org.h2..", "org.gaul..", "org.jclouds..", "io.micrometer..", "org.apache.kafka..", "com.github.benmanes..")
        .check(main);
  }

  @Test
  void theImportSeesEveryModule() {
    org.assertj.core.api.Assertions.assertThat(main.contain(dev.creatorhub.gateway.GatewayVerticle.class)).isTrue();
    org.assertj.core.api.Assertions.assertThat(main.contain(dev.creatorhub.devstack.DevStack.class)).isTrue();
    org.assertj.core.api.Assertions.assertThat(main.contain(dev.creatorhub.shared.outbox.OutboxRelayVerticle.class)).isTrue();
    org.assertj.core.api.Assertions.assertThat(main.contain(BlockingFixture.class)).isFalse();
  }

  @Test
  void theBlockingRuleCatchesABlockingHandler() {
    JavaClasses fixture = new ClassFileImporter().importClasses(BlockingFixture.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> noBlocking().check(fixture))
        .isInstanceOf(AssertionError.class).hasMessageContaining("Thread.sleep").hasMessageContaining("Files.readString");
  }

  /** A handler written the wrong way, to prove the rule below bites. */
  static final class BlockingFixture {
    String handle() throws Exception {
      Thread.sleep(10);
      return java.nio.file.Files.readString(java.nio.file.Path.of("x"));
    }
  }

  @Test
  void nothingSleepsOrBlocksOutsideStartupCode() {
    noBlocking().check(main);
  }

  private static ArchRule noBlocking() {
    return noClasses().that(DescribedPredicate.not(STARTUP_CODE))
        .should().callMethod(Thread.class, "sleep", long.class)
        .orShould().callMethod(java.util.concurrent.CompletableFuture.class, "get")
        .orShould().callMethod(java.util.concurrent.CompletableFuture.class, "join")
        .orShould().callMethod(java.util.concurrent.CountDownLatch.class, "await")
        .orShould().callMethodWhere(com.tngtech.archunit.core.domain.JavaCall.Predicates.target(
            com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner(
                JavaClass.Predicates.equivalentTo(java.nio.file.Files.class))))
        .orShould().callConstructor(java.io.FileInputStream.class, String.class)
        .orShould().callConstructor(java.io.FileInputStream.class, java.io.File.class)
        .orShould().callConstructor(java.io.FileOutputStream.class, String.class)
        .orShould().callConstructor(java.io.FileOutputStream.class, java.io.File.class)
        .because("verticles run on event loops: use vertx.fileSystem(), Future composition and executeBlocking");
  }

  @Test
  void verticlesUseTheFutureBasedBase() {
    noClasses().should().beAssignableTo(io.vertx.core.AbstractVerticle.class)
        .because("Vert.x 5 style: extend VerticleBase and return the startup Future")
        .check(main);
  }
}
