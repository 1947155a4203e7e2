package dev.harness.service;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A user's {@link ServiceHandler} class, loaded by name from the class path or from a jar of the user's,
 * and instantiated once per connection through its public no-arg constructor. Loading checks everything
 * that can be checked before a connection arrives (the class exists, is a public concrete
 * {@code ServiceHandler}, has a public no-arg constructor, and one instance can be made), so that a server
 * refuses to start rather than fail on its first connection.
 */
public final class HandlerClass implements ServiceHandlerFactory {

    private final Constructor<? extends ServiceHandler> constructor;

    private HandlerClass(Constructor<? extends ServiceHandler> constructor) {
        this.constructor = constructor;
    }

    /**
     * Loads {@code className}, from {@code jar} when it is given (the jar's classes see this harness's
     * {@code service-api}, never the other way round).
     *
     * @throws IllegalArgumentException saying what is wrong and what to do: no such jar or class, not a
     *                                  {@code ServiceHandler}, abstract, no public no-arg constructor, or the
     *                                  constructor failed
     */
    public static HandlerClass load(String className, Optional<Path> jar) {
        ClassLoader loader = ServiceHandler.class.getClassLoader();
        String where = "the class path";
        if (jar.isPresent()) {
            Path path = jar.get();
            if (!Files.isRegularFile(path)) {
                throw new IllegalArgumentException("--handler-jar " + path + ": no such file");
            }
            loader = new URLClassLoader("handler", new URL[] {url(path)}, loader);
            where = path.toString();
        }
        Class<?> loaded;
        try {
            loaded = Class.forName(className, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException("--handler " + className + ": no such class in " + where
                    + " (" + e + "); give its jar with --handler-jar PATH");
        }
        if (!ServiceHandler.class.isAssignableFrom(loaded)) {
            throw new IllegalArgumentException("--handler " + className + " is not a " + ServiceHandler.class.getName()
                    + ": implement that interface");
        }
        if (Modifier.isAbstract(loaded.getModifiers()) || !Modifier.isPublic(loaded.getModifiers())) {
            throw new IllegalArgumentException("--handler " + className
                    + " must be a public concrete class: one instance is made per connection");
        }
        Constructor<? extends ServiceHandler> constructor;
        try {
            constructor = loaded.asSubclass(ServiceHandler.class).getConstructor();
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("--handler " + className
                    + " has no public no-arg constructor: add one (one instance is made per connection)");
        }
        HandlerClass handlerClass = new HandlerClass(constructor);
        handlerClass.newHandler();
        return handlerClass;
    }

    private static URL url(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("--handler-jar " + jar + ": " + e.getMessage());
        }
    }

    /**
     * A new instance.
     *
     * @throws IllegalArgumentException when the constructor throws
     */
    @Override
    public ServiceHandler newHandler() {
        try {
            return constructor.newInstance();
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("--handler " + name() + ": its constructor failed: " + e.getCause(),
                    e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("--handler " + name() + ": cannot instantiate: " + e, e);
        }
    }

    @Override
    public String name() {
        return constructor.getDeclaringClass().getName();
    }
}
