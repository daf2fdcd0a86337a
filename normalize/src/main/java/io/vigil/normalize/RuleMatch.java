package io.vigil.normalize;

import io.vigil.normalize.ossim.GroupValues;
import io.vigil.normalize.ossim.OssimPlugin;
import io.vigil.normalize.ossim.PluginRule;

/** The rule that took a line, and what its regexp captured. */
public record RuleMatch(OssimPlugin plugin, PluginRule rule, GroupValues groups, CompiledRule compiled) {}
