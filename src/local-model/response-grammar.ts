import type { GbnfJsonSchema, Llama, LlamaGrammar } from 'node-llama-cpp';
import type { ResponseFormat } from './chat-request.js';
import { toGrammarSchema, UnsupportedSchemaError } from './grammar-schema.js';
import { invalidRequest } from './openai-error.js';

export interface ResponseGrammars {
  /** The grammar that holds the answer to the format; undefined for free text. */
  grammarFor(format: ResponseFormat | null | undefined): Promise<LlamaGrammar | undefined>;
}

/**
 * `json_schema` is enforced by node-llama-cpp's JSON-schema grammar, `json_object` by its JSON
 * grammar. A schema the grammar cannot express is a 400 naming the schema, which OpenAI-style
 * clients (our activity included) read as "use JSON mode instead".
 */
export function responseGrammars(llama: Llama): ResponseGrammars {
  let json: Promise<LlamaGrammar> | undefined;
  return {
    async grammarFor(format) {
      if (!format || format.type === 'text') return undefined;
      if (format.type === 'json_object') {
        json ??= llama.getGrammarFor('json');
        return json;
      }
      const param = 'response_format.json_schema.schema';
      const { schema } = format.json_schema;
      if (!schema) throw invalidRequest('response_format.json_schema needs a schema.', param);
      try {
        return await llama.createGrammarForJsonSchema<GbnfJsonSchema>(toGrammarSchema(schema));
      } catch (err) {
        const reason = err instanceof UnsupportedSchemaError ? err.message : (err as Error).message;
        throw invalidRequest(
          `The JSON schema cannot be turned into a grammar (${reason}); use response_format json_object instead.`,
          param,
          'unsupported_schema',
        );
      }
    },
  };
}
