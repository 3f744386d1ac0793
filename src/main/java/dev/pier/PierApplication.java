package dev.pier;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class PierApplication {

    public static void main(String[] args) {
        SpringApplication.run(PierApplication.class, args);
    }
}
