/// The destinations of a configuration: the webhooks, then the Alertmanagers, numbered in configuration
/// order (`webhook-1`, `alertmanager-1`, ...).
enum DestinationFactory {
    static func destinations(for configuration: NotifierConfiguration, poster: HTTPPoster) -> [any AlertDestination] {
        var destinations: [any AlertDestination] = []
        for (index, url) in configuration.webhooks.enumerated() {
            destinations.append(WebhookDestination(url: url, index: index + 1, poster: poster))
        }
        for (index, url) in configuration.alertmanagers.enumerated() {
            destinations.append(AlertmanagerDestination(baseURL: url, index: index + 1, poster: poster,
                                                        areas: configuration.areas, resendInterval: configuration.resendInterval))
        }
        return destinations
    }
}
