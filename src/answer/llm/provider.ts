import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { ChatOllama } from '@langchain/ollama';
import { AzureChatOpenAI, ChatOpenAI } from '@langchain/openai';
import type { Env } from '../../config/env.ts';

export type Provider = 'openai' | 'azure' | 'ollama';

/**
 * The chat API the configuration names: NAMNDKOLL_LLM_PROVIDER, else Azure when its endpoint is set, Ollama's native
 * API when OLLAMA_BASE_URL is, OpenAI or an OpenAI-compatible server (vLLM, Ollama's /v1, LM Studio) when
 * OPENAI_API_KEY or OPENAI_BASE_URL is. Null: no model is configured, answers stay extractive.
 */
export function providerOf(env: Env): Provider | null {
  if (env.NAMNDKOLL_LLM_PROVIDER) return env.NAMNDKOLL_LLM_PROVIDER;
  if (env.AZURE_OPENAI_ENDPOINT) return 'azure';
  if (env.OLLAMA_BASE_URL) return 'ollama';
  if (env.OPENAI_API_KEY !== undefined || env.OPENAI_BASE_URL !== undefined) return 'openai';
  return null;
}

/** What leaves the machine goes to this address: logged once when the answerer starts. */
export function endpointOf(env: Env, provider: Provider): string {
  if (provider === 'azure') return env.AZURE_OPENAI_ENDPOINT ?? '(AZURE_OPENAI_ENDPOINT not set)';
  if (provider === 'ollama') return env.OLLAMA_BASE_URL ?? 'http://127.0.0.1:11434';
  return env.OPENAI_BASE_URL ?? 'https://api.openai.com/v1';
}

/**
 * The LangChain chat model of a provider. Retries are off: the answerer's budget, its fallback and its circuit
 * breaker decide what happens after a failure, not a client's backoff that could outlast the question.
 */
export function chatModel(env: Env, provider: Provider): BaseChatModel {
  const timeout = env.NAMNDKOLL_LLM_TIMEOUT_S * 1000;
  switch (provider) {
    case 'openai':
      return new ChatOpenAI({
        model: env.OPENAI_CHAT_MODEL,
        apiKey: env.OPENAI_API_KEY ?? 'not-needed',
        configuration: { baseURL: env.OPENAI_BASE_URL },
        temperature: 0,
        maxRetries: 0,
        timeout,
        streamUsage: false,
      });
    case 'azure':
      if (!env.AZURE_OPENAI_ENDPOINT || !env.AZURE_OPENAI_DEPLOYMENT) throw new Error('Azure OpenAI needs AZURE_OPENAI_ENDPOINT and AZURE_OPENAI_DEPLOYMENT');
      return new AzureChatOpenAI({
        azureOpenAIApiKey: env.AZURE_OPENAI_API_KEY ?? 'not-needed',
        azureOpenAIEndpoint: env.AZURE_OPENAI_ENDPOINT,
        azureOpenAIApiDeploymentName: env.AZURE_OPENAI_DEPLOYMENT,
        azureOpenAIApiVersion: env.AZURE_OPENAI_API_VERSION,
        temperature: 0,
        maxRetries: 0,
        timeout,
        streamUsage: false,
      });
    case 'ollama':
      return new ChatOllama({
        model: env.OLLAMA_MODEL,
        baseUrl: env.OLLAMA_BASE_URL,
        temperature: 0,
        maxRetries: 0,
        // The Ollama client takes no timeout of its own; a hanging server is cut off here.
        fetch: (input: RequestInfo | URL, init?: RequestInit) =>
          fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, AbortSignal.timeout(timeout)]) : AbortSignal.timeout(timeout) }),
      });
  }
}
