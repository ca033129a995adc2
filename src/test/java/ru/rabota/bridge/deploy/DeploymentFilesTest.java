package ru.rabota.bridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

/**
 * The image and the Kubernetes manifests (issue 14 item 3) against the bundle: the ports and health paths it serves,
 * the properties it knows, the secrets the README names, and what Camel's Lease election calls.
 */
class DeploymentFilesTest {

    static final Path DOCKERFILE = Path.of("deploy", "Dockerfile");
    static final Path BASE = Path.of("deploy", "kubernetes", "base");
    static final Path LEASE = Path.of("deploy", "kubernetes", "lease");
    static final String APP_LABEL = "app.kubernetes.io/name";

    /** The image's variable of JVM options added to its own (deploy/Dockerfile's entry point). */
    private static final String JVM_OPTIONS = "JAVA_OPTS_APPEND";
    private static final Pattern GET_PATH = Pattern.compile("`GET (/\\S+)`");
    private static final Pattern SECRET_VARIABLE = Pattern.compile("`((?:BRIDGE|CAMEL_COMPONENT)_[A-Z_]+)`");

    private final Properties defaults = ProjectFiles.properties();
    private final int managementPort = Integer.parseInt(defaults.getProperty("camel.management.port"));
    private final int serverPort = Integer.parseInt(defaults.getProperty("camel.server.port"));

    @Test
    void theImageRunsTheFatJarAsANonRootUserAndExposesBothPorts() {
        Map<String, List<String>> image = dockerfile();
        assertThat(image.get("USER")).singleElement().satisfies(user -> assertThat(user).matches("[1-9]\\d*"));
        assertThat(image.get("EXPOSE")).singleElement()
                .isEqualTo(serverPort + " " + managementPort);
        // the jar the build makes (the one the tests run), copied to where the entry point runs it
        String[] copy = image.get("COPY").get(0).replaceFirst("^--chown=\\S+\\s+", "").split("\\s+");
        assertThat(Path.of(copy[0]).toAbsolutePath()).isEqualTo(Path.of(System.getProperty("bridge.jar")));
        assertThat(image.get("ENTRYPOINT")).singleElement().asString().contains("-jar " + copy[1]);
        assertThat(copy[1]).startsWith(image.get("WORKDIR").get(0) + "/");
        // the Deployment runs this image, by the name the kustomization sets
        JsonNode kustomization = ProjectFiles.yamlDocuments(BASE.resolve("kustomization.yaml")).get(0);
        assertThat(kustomization.path("images")).singleElement().satisfies(named -> assertThat(named.path("name"))
                .isEqualTo(container(one(resources(BASE), "Deployment")).path("image")));
    }

    @Test
    void theImageStartsWithTheClassArchiveItsBuildWrote() {
        Map<String, List<String>> image = dockerfile();
        String jar = image.get("COPY").get(0).replaceFirst("^--chown=\\S+\\s+", "").split("\\s+")[1];
        Matcher written = Pattern.compile("-XX:ArchiveClassesAtExit=(\\S+) .* -jar (\\S+)")
                .matcher(String.join("\n", image.get("RUN")));
        assertThat(written.find()).as("a RUN writes the archive").isTrue();
        // the archive belongs to the class path it was written with: the jar the entry point runs
        assertThat(written.group(2)).isEqualTo(jar);
        assertThat(image.get("ENV")).singleElement().asString().contains("-XX:SharedArchiveFile=" + written.group(1));
        assertThat(image.get("ENTRYPOINT")).singleElement().asString().contains("$JAVA_OPTS $JAVA_OPTS_APPEND");
        // the collector the benchmarks ran, which the JVM would not pick in a pod under 1,792 MB
        assertThat(image.get("ENV")).singleElement().asString().contains("-XX:+UseG1GC");
        // written with compressed oops, as every pod's JVM runs (a heap below 32 GB): a JVM sized from a build host of
        // 128 GB or more has none, and the pods' JVMs refuse its archive, the JDK's own with it
        Matcher heap = Pattern.compile("java .*-Xmx(\\d+)([mg]) .*-XX:ArchiveClassesAtExit=")
                .matcher(String.join("\n", image.get("RUN")));
        assertThat(heap.find()).as("the RUN that writes the archive fixes the heap").isTrue();
        long megabytes = Long.parseLong(heap.group(1)) * (heap.group(2).equals("g") ? 1024 : 1);
        assertThat(megabytes).isLessThan(32 * 1024);
    }

    @Test
    void twoInstancesInClusterModeWithProbesOnTheManagementPort() {
        JsonNode deployment = one(resources(BASE), "Deployment");
        assertThat(deployment.path("spec").path("replicas").asInt()).isEqualTo(2);
        JsonNode container = container(deployment);
        assertThat(environment(container)).containsEntry("BRIDGE_CLUSTER_ENABLED", "true")
                .containsEntry("BRIDGE_CLUSTER_MODE", "kafka");

        Map<String, Integer> ports = containerPorts(container);
        assertThat(ports.values()).containsExactlyInAnyOrder(serverPort, managementPort);
        List<List<String>> operations = ProjectFiles.tableRows(ProjectFiles.section(ProjectFiles.README,
                "## Operations"));
        String live = healthPath(operations, "liveness");
        String ready = healthPath(operations, "readiness");
        assertThat(List.of(live, ready)).containsExactly("/observe/health/live", "/observe/health/ready");
        for (String[] probe : List.of(new String[] {"startupProbe", live}, new String[] {"livenessProbe", live},
                new String[] {"readinessProbe", ready})) {
            JsonNode get = container.path(probe[0]).path("httpGet");
            assertThat(get.path("path").asText()).as(probe[0]).isEqualTo(probe[1]);
            assertThat(port(get.path("port"), ports)).as(probe[0]).isEqualTo(managementPort);
            // Kubernetes' default of 1 s fails the checks of a pod busy publishing
            assertThat(container.path(probe[0]).path("timeoutSeconds").asInt(1)).as(probe[0]).isGreaterThan(1);
        }
        // the JVM otherwise sizes its pools to the node's cores (no CPU limit)
        assertThat(environment(container).get(JVM_OPTIONS)).contains("-XX:ActiveProcessorCount=");
    }

    @Test
    void propertiesAndVariablesAreOnesTheBundleKnowsAndSecretsThoseTheReadmeNames() throws IOException {
        List<JsonNode> resources = resources(BASE);
        JsonNode container = container(one(resources, "Deployment"));
        // mounted as the image's working folder's config/, from the ConfigMap the kustomization generates of the file
        String mounted = volumeOf(one(resources, "Deployment"), dockerfile().get("WORKDIR").get(0) + "/config")
                .path("configMap").path("name").asText();
        JsonNode generated = ProjectFiles.yamlDocuments(BASE.resolve("kustomization.yaml")).get(0)
                .path("configMapGenerator");
        assertThat(generated).singleElement().satisfies(configMap -> {
            assertThat(configMap.path("name").asText()).isEqualTo(mounted);
            assertThat(configMap.path("files")).singleElement().isEqualTo(TextNode.valueOf("application.properties"));
            // the name's hash of the content is what rolls the pods when the properties change
            assertThat(configMap.path("options").path("disableNameSuffixHash").asBoolean(false)).isFalse();
        });

        Properties customer = ProjectFiles.properties(Files.readString(BASE.resolve("application.properties")));
        assertThat(customer.stringPropertyNames()).isNotEmpty().allSatisfy(key -> assertThat(
                defaults.containsKey(key) || key.startsWith("camel.")).as("%s is a key of %s or camel.*", key,
                        ProjectFiles.PROPERTIES).isTrue());

        Set<String> fromSecrets = new TreeSet<>();
        Set<String> plain = new TreeSet<>();
        for (JsonNode variable : container.path("env")) {
            String name = variable.path("name").asText();
            JsonNode secret = variable.path("valueFrom").path("secretKeyRef");
            if (name.equals(JVM_OPTIONS)) {
                continue;
            }
            if (secret.isMissingNode()) {
                plain.add(name);
            } else {
                fromSecrets.add(name);
                assertThat(secret.path("name").asText()).isEqualTo("rabota-bridge-credentials");
                assertThat(secret.path("key").asText()).as("key of %s", name).isEqualTo(name);
            }
        }
        assertThat(fromSecrets).isEqualTo(readmeSecrets());
        assertThat(plain).isNotEmpty();
        // a camel.component.* option from the environment is any option of the component (EnvironmentOverrides)
        assertThat(ProjectFiles.propertyEnvironmentNames()).containsAll(plain).containsAll(fromSecrets.stream()
                .filter(name -> !name.startsWith("CAMEL_COMPONENT_")).toList());
    }

    /**
     * The image's files are read-only; each folder the bundle writes is a volume: the inboxes (with their done/ and
     * error/ beside them) in the working folder, and /tmp, where Vert.x keeps its file cache (a start without it stops:
     * "Unable to create folder at path '/tmp/vertx-cache'", seen with the jar on a read-only /tmp).
     */
    @Test
    void theRootFilesystemIsReadOnlyAndWhatTheBundleWritesIsOnAVolume() {
        JsonNode deployment = one(resources(BASE), "Deployment");
        JsonNode container = container(deployment);
        assertThat(container.path("securityContext").path("readOnlyRootFilesystem").asBoolean()).isTrue();

        String workdir = dockerfile().get("WORKDIR").get(0);
        List<String> written = new ArrayList<>(List.of("/tmp"));
        for (String key : List.of("bridge.feed.inbox", "bridge.backgrounds.inbox")) {
            Path inbox = Path.of(defaults.getProperty(key));
            assertThat(inbox.isAbsolute()).as(key).isFalse();
            // done/ and error/ go beside the inbox: the folder above it, in the working folder
            written.add(workdir + "/" + inbox.getName(0));
        }
        Set<String> writable = new TreeSet<>();
        container.path("volumeMounts").forEach(mount -> {
            if (!mount.path("readOnly").asBoolean(false)) {
                writable.add(mount.path("mountPath").asText());
            }
        });
        assertThat(writable).containsAll(written);
        for (String folder : written) {
            assertThat(volumeOf(deployment, folder).has("emptyDir")).as(folder).isTrue();
        }
    }

    @Test
    void theDisruptionBudgetAndTheServiceSelectTheDeploymentsPods() {
        List<JsonNode> resources = resources(BASE);
        JsonNode deployment = one(resources, "Deployment");
        JsonNode podLabels = deployment.path("spec").path("template").path("metadata").path("labels");
        assertThat(podLabels.path(APP_LABEL).asText()).isEqualTo("rabota-bridge");
        assertThat(deployment.path("spec").path("selector").path("matchLabels")).isEqualTo(podLabels);

        JsonNode budget = one(resources, "PodDisruptionBudget");
        assertThat(budget.path("spec").path("selector").path("matchLabels")).isEqualTo(podLabels);
        // one at a time, and a Deployment scaled to one is still drained (minAvailable: 1 blocked it)
        assertThat(budget.path("spec").path("maxUnavailable").asInt()).isEqualTo(1);
        assertThat(budget.path("spec").has("minAvailable")).isFalse();

        JsonNode service = one(resources, "Service");
        assertThat(service.path("spec").path("selector")).isEqualTo(podLabels);
        Map<String, Integer> ports = containerPorts(container(deployment));
        assertThat(service.path("spec").path("ports")).hasSize(2).allSatisfy(port -> assertThat(
                ports.get(port.path("targetPort").asText())).isEqualTo(port.path("port").asInt()));

        JsonNode account = one(resources, "ServiceAccount");
        assertThat(deployment.path("spec").path("template").path("spec").path("serviceAccountName").asText())
                .isEqualTo(account.path("metadata").path("name").asText());
    }

    /** What Camel 4.18's KubernetesClusterService calls: get, create and update of the Lease, a list of the pods. */
    @Test
    void theLeaseOverlayElectsByALeaseWithTheRoleCamelsElectionNeeds() {
        JsonNode kustomization = ProjectFiles.yamlDocuments(LEASE.resolve("kustomization.yaml")).get(0);
        List<JsonNode> patches = new ArrayList<>();
        kustomization.path("patches").forEach(patch -> patches.add(ProjectFiles.yaml(patch.path("patch").asText())));
        assertThat(patches).extracting(patch -> patch.path("kind").asText())
                .containsExactlyInAnyOrder("Deployment", "ServiceAccount");
        assertThat(environment(container(one(patches, "Deployment")))).containsExactly(Map.entry("BRIDGE_CLUSTER_MODE",
                "kubernetes"));
        // the base mounts no token (mode kafka needs no Kubernetes API); the Lease is written with it
        assertThat(one(resources(BASE), "ServiceAccount").path("automountServiceAccountToken").asBoolean(true))
                .isFalse();
        assertThat(one(patches, "ServiceAccount").path("automountServiceAccountToken").asBoolean()).isTrue();
        List<JsonNode> resources = resources(LEASE);
        JsonNode role = one(resources, "Role");
        assertThat(role.path("rules")).anySatisfy(rule -> {
            assertThat(rule.path("apiGroups")).containsExactly(text("coordination.k8s.io"));
            assertThat(rule.path("resources")).containsExactly(text("leases"));
            assertThat(rule.path("verbs")).containsExactlyInAnyOrder(text("get"), text("create"), text("update"));
        }).anySatisfy(rule -> {
            assertThat(rule.path("apiGroups")).containsExactly(text(""));
            assertThat(rule.path("resources")).containsExactly(text("pods"));
            assertThat(rule.path("verbs")).containsExactly(text("list"));
        });
        JsonNode binding = one(resources, "RoleBinding");
        assertThat(binding.path("roleRef").path("name")).isEqualTo(role.path("metadata").path("name"));
        assertThat(binding.path("subjects")).singleElement().satisfies(subject -> {
            assertThat(subject.path("kind").asText()).isEqualTo("ServiceAccount");
            assertThat(subject.path("name")).isEqualTo(one(resources, "ServiceAccount").path("metadata").path("name"));
        });
    }

    /** The overlay sets the tag of the image the base names, and the README builds an image of that tag. */
    @Test
    void theLeaseOverlaysImageIsTheBasesWithATagTheReadmeBuilds() {
        JsonNode base = ProjectFiles.yamlDocuments(BASE.resolve("kustomization.yaml")).get(0).path("images").get(0);
        JsonNode lease = ProjectFiles.yamlDocuments(LEASE.resolve("kustomization.yaml")).get(0).path("images").get(0);

        assertThat(lease.path("name")).isEqualTo(base.path("newName"));
        String section = String.join("\n", ProjectFiles.section(ProjectFiles.README, "## Deploying on Kubernetes"));
        assertThat(section).contains("mvn -q package -DskipTests -Pkubernetes")
                .contains(base.path("newName").asText() + ":" + lease.path("newTag").asText() + " .");
    }

    @Test
    void theReadmeNamesEveryDeploymentFile() throws IOException {
        String section = String.join("\n", ProjectFiles.section(ProjectFiles.README, "## Deploying on Kubernetes"));
        try (Stream<Path> files = Files.walk(Path.of("deploy"))) {
            assertThat(files.filter(Files::isRegularFile).map(file -> file.toString().replace('\\', '/')))
                    .hasSizeGreaterThan(8).allSatisfy(file -> assertThat(section).contains("`" + file + "`"));
        }
    }

    /** The documents of a kustomization's resources, directories (another kustomization) followed. */
    static List<JsonNode> resources(Path kustomizationFolder) {
        JsonNode kustomization = ProjectFiles.yamlDocuments(kustomizationFolder.resolve("kustomization.yaml")).get(0);
        List<JsonNode> documents = new ArrayList<>();
        for (JsonNode resource : kustomization.path("resources")) {
            Path path = kustomizationFolder.resolve(resource.asText()).normalize();
            documents.addAll(Files.isDirectory(path) ? resources(path) : ProjectFiles.yamlDocuments(path));
        }
        return documents;
    }

    static JsonNode one(List<JsonNode> documents, String kind) {
        List<JsonNode> ofKind = documents.stream().filter(document -> document.path("kind").asText().equals(kind))
                .toList();
        assertThat(ofKind).as("manifests of kind %s", kind).hasSize(1);
        return ofKind.get(0);
    }

    private static JsonNode container(JsonNode deployment) {
        JsonNode containers = deployment.path("spec").path("template").path("spec").path("containers");
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    private static Map<String, String> environment(JsonNode container) {
        Map<String, String> values = new LinkedHashMap<>();
        container.path("env").forEach(variable -> {
            if (variable.has("value")) {
                values.put(variable.path("name").asText(), variable.path("value").asText());
            }
        });
        return values;
    }

    private static Map<String, Integer> containerPorts(JsonNode container) {
        Map<String, Integer> ports = new HashMap<>();
        container.path("ports").forEach(port -> ports.put(port.path("name").asText(),
                port.path("containerPort").asInt()));
        return ports;
    }

    private static int port(JsonNode port, Map<String, Integer> named) {
        return port.isInt() ? port.asInt() : named.getOrDefault(port.asText(), -1);
    }

    private static JsonNode volumeOf(JsonNode deployment, String mountPath) {
        JsonNode pod = deployment.path("spec").path("template").path("spec");
        String volume = null;
        for (JsonNode mount : container(deployment).path("volumeMounts")) {
            if (mount.path("mountPath").asText().equals(mountPath)) {
                volume = mount.path("name").asText();
            }
        }
        for (JsonNode candidate : pod.path("volumes")) {
            if (candidate.path("name").asText().equals(volume)) {
                return candidate;
            }
        }
        throw new AssertionError("no volume mounted at " + mountPath);
    }

    /** The path of the README's Operations row whose meaning starts with this word. */
    private static String healthPath(List<List<String>> operations, String meaning) {
        for (List<String> row : operations) {
            Matcher path = GET_PATH.matcher(row.get(0));
            if (row.size() > 1 && row.get(1).startsWith(meaning) && path.find()) {
                return path.group(1);
            }
        }
        throw new AssertionError("README Operations names no " + meaning + " path");
    }

    /** The variables of the README's list item "Secrets come from the environment" (Deploying for a customer). */
    private static Set<String> readmeSecrets() {
        Set<String> secrets = new TreeSet<>();
        boolean inItem = false;
        for (String line : ProjectFiles.section(ProjectFiles.README, "## Deploying for a customer")) {
            if (line.matches("\\d+\\. .*")) {
                inItem = line.contains("Secrets come from the environment");
            }
            if (inItem) {
                Matcher variable = SECRET_VARIABLE.matcher(line);
                while (variable.find()) {
                    secrets.add(variable.group(1));
                }
            }
        }
        assertThat(secrets).as("README's secrets").isNotEmpty();
        return secrets;
    }

    /** Instructions and their arguments, continued lines joined. */
    private static Map<String, List<String>> dockerfile() {
        Map<String, List<String>> instructions = new HashMap<>();
        String joined = ProjectFiles.read(DOCKERFILE).replaceAll("\\\\\n\\s*", " ");
        for (String line : joined.split("\n")) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                String[] instruction = trimmed.split("\\s+", 2);
                instructions.computeIfAbsent(instruction[0], key -> new ArrayList<>()).add(instruction[1]);
            }
        }
        return instructions;
    }

    private static TextNode text(String value) {
        return TextNode.valueOf(value);
    }
}
