import { ENV_CAPABILITIES, type JsonSchema, type Plugin } from '../api.ts';
import { agentNeeds, conditionText } from '../check/capabilities.ts';
import { validateOptions } from '../schema/compile.ts';

/** `harness list <plugin>`: what a plugin is, its options, and per kind its splits and episodes or its training settings and needs. */
export async function describePlugin(plugin: Plugin): Promise<string> {
  const lines = [`${plugin.name} ${plugin.version} (${plugin.kind})`, plugin.description, ''];
  if (plugin.optionsSchema) lines.push('options:', ...settingLines(plugin.optionsSchema), '');
  if (plugin.kind === 'agent') {
    const needs = agentNeeds(plugin).map((need) => `  ${ENV_CAPABILITIES[need.capability]}${need.when === 'always' ? '' : ` ${conditionText(need.when)}`}`);
    lines.push(
      'training settings (its "train:" block in a suite; "train: false" skips training, "train: { from: <run-dir> }" loads that run\'s checkpoints):',
      ...(plugin.trainSchema ? settingLines(plugin.trainSchema) : ['  none']),
      '',
      'needs of an env:',
      ...(needs.length ? needs : ['  nothing']),
    );
  }
  if (plugin.kind === 'env') {
    lines.push(`splits: ${plugin.splits.join(', ')}`);
    if (plugin.describe) {
      try {
        lines.push('', await plugin.describe(validateOptions(plugin.optionsSchema, {}) as never));
      } catch (e) {
        // Plugins with required options (a server URL, an adapter) cannot describe themselves without them.
        lines.push('', `(episode counts need options: ${(e as Error).message})`);
      }
    }
  }
  return lines.join('\n');
}

interface PropertySchema {
  type?: string | string[];
  enum?: unknown[];
  default?: unknown;
  description?: string;
  properties?: Record<string, PropertySchema>;
}

/** One line per setting of a schema, nested objects flattened to dotted keys (`bc.epochs`), read from the schema itself. */
function settingLines(schema: JsonSchema, prefix = ''): string[] {
  const properties = (schema.properties ?? {}) as Record<string, PropertySchema>;
  return Object.entries(properties).flatMap(([name, property]) => {
    const key = `${prefix}${name}`;
    const about = property.description ? ` — ${property.description}` : '';
    if (property.properties) return [`  ${key}${about}`, ...settingLines(property as JsonSchema, `${key}.`)];
    const type = property.enum ? property.enum.join(' | ') : [property.type ?? 'any'].flat().join(' | ');
    const fallback = property.default !== undefined ? ` (default ${JSON.stringify(property.default)})` : '';
    return [`  ${key}: ${type}${fallback}${about}`];
  });
}
