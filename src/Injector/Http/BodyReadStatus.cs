namespace Injector.Http;

internal enum BodyReadStatus
{
    Complete,
    TooLarge,
}
