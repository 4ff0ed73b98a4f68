package com.omedaphonesync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The omeda.cluster.* keys and omeda.instance.id. */
class ClusterSettingsTest {
    @TempDir
    Path dir;

    private Properties properties(Map<String, String> overrides) {
        Properties p = ConfigLoader.load(dir, null, Map.of(), Map.of());
        p.setProperty("omeda.brand", "TEST");
        p.setProperty("omeda.app-id", "some-app-id");
        p.putAll(overrides);
        return p;
    }

    @Test
    void defaultsAreNotClusteredWithTheFileBackendInTheDropFolderAndAnIdOfHostAndProcess() {
        Settings.Cluster cluster = Settings.from(properties(Map.of("omeda.source.file.dir", "drop"))).cluster();
        assertThat(cluster.enabled()).isFalse();
        assertThat(cluster.backend()).isEqualTo(ClusterBackend.FILE);
        assertThat(cluster.fileDir()).isEqualTo(Path.of("drop", ".cluster"));
        assertThat(cluster.instanceId()).endsWith("-" + ProcessHandle.current().pid());
    }

    @Test
    void wrongValuesAreNamedTogether() {
        assertThatThrownBy(() -> Settings.from(properties(Map.of(
                "omeda.cluster.backend", "etcd",
                "omeda.instance.id", "a/b",
                "omeda.cluster.file.missed-heartbeats", "1"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("omeda.cluster.backend is invalid: must be file or zookeeper, not 'etcd'")
                .hasMessageContaining("omeda.instance.id must match")
                .hasMessageContaining("omeda.cluster.file.missed-heartbeats must be between 2 and 100");
    }
}
