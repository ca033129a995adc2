package ru.rabota.bridge.candidates;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;

/** Binds {@code candidateCommands} ({@link CandidateCommands}), the steps of {@code candidates.camel.yaml}. */
public class CandidatesConfiguration implements CamelConfiguration {

    @BindToRegistry(value = "candidateCommands", lazy = true)
    public CandidateCommands candidateCommands() {
        return new CandidateCommands();
    }
}
