import Logging

/// swift-log for the run's own story (`--verbose`): always stderr, so stdout stays results only.
enum RunLog {
    static let logger: Logger = {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .debug
            return handler
        }
        var l = Logger(label: "tokenhound")
        l.logLevel = .debug
        return l
    }()
}
