using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Magvit.Client.Pipeline;

namespace Magvit.Client;

/// <summary>Registers the MagvitGrpc clients.</summary>
public static class MagvitClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="MagvitClients"/> (a singleton owning the channels), <see cref="ITokenizerClient"/>,
    /// <see cref="IDetokenizerClient"/>, <see cref="IGeneratorClient"/> and <see cref="MagvitPipeline"/>, configured by
    /// <paramref name="configure"/> and validated when first resolved (or at start with ValidateOnStart hosts).
    /// </summary>
    public static IServiceCollection AddMagvitClients(this IServiceCollection services, Action<MagvitClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<MagvitClientOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MagvitClientOptions>, MagvitClientOptionsValidator>());
        services.TryAddSingleton(sp => new MagvitClients(sp.GetRequiredService<IOptions<MagvitClientOptions>>().Value, sp.GetService<ILoggerFactory>()));
        services.TryAddSingleton<ITokenizerClient>(sp => sp.GetRequiredService<MagvitClients>().Tokenizer);
        services.TryAddSingleton<IDetokenizerClient>(sp => sp.GetRequiredService<MagvitClients>().Detokenizer);
        services.TryAddSingleton<IGeneratorClient>(sp => sp.GetRequiredService<MagvitClients>().Generator);
        services.TryAddSingleton(sp => sp.GetRequiredService<MagvitClients>().Pipeline);
        return services;
    }
}
